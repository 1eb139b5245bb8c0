from app.functions.billing import record_payment
from app.functions.onboarding import send_welcome

functions = [record_payment, send_welcome]
