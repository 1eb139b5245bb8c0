import inngest

inngest_client = inngest.Inngest(app_id="shop", is_production=False)
