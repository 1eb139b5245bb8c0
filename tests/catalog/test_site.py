"""``event-registry catalog`` as a user runs it: the files it writes, what they say, and
the bad input it refuses."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from commands import event_registry
from hostile.repo import assert_clean_failure, build, snapshot

from catalog.helpers import EXAMPLES, rows, section, tree


def test_the_site_has_an_index_a_page_per_event_and_local_assets(example_site: Path) -> None:
    files = sorted(tree(example_site))
    assert files[:4] == [
        ".event-catalog",
        "assets/catalog.css",
        "assets/catalog.js",
        "events/billing_invoice.paid.html",
    ]
    assert "index.html" in files
    assert len([f for f in files if f.startswith("events/")]) == 14
    index = (example_site / "index.html").read_text()
    for page in files:
        if page.startswith("events/"):
            assert f'href="{page}"' in index
    # Nothing is fetched from anywhere: every src/href is a relative file or an anchor.
    for path, data in tree(example_site).items():
        if path.endswith(".html"):
            refs = re.findall(r'(?:src|href)="([^"]*)"', data.decode())
            assert refs and all(not re.match(r"[a-z]+:", ref) for ref in refs), (path, refs)


def test_two_runs_give_byte_identical_trees(example_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = event_registry(EXAMPLES, "catalog", "--out", str(again), "--no-cache")
    assert result.returncode == 0, result.stderr
    assert tree(again) == tree(example_site)
    # And a run over its own output (the folder a catalog wrote) changes nothing.
    result = event_registry(EXAMPLES, "catalog", "--out", str(again), "--no-cache")
    assert result.returncode == 0, result.stderr
    assert tree(again) == tree(example_site)


def test_the_event_with_two_versions(example_site: Path) -> None:
    page = (example_site / "events" / "billing_invoice.paid.html").read_text()
    compat = section(page, "compatibility")
    assert "<h3>v1 → v2: " in compat
    assert '<span class="verdict">compatible under BACKWARD_TRANSITIVE (strict)</span>' in compat
    assert rows(compat)[1][:2] == ["OPTIONAL_PROPERTY_ADDED_TO_CLOSED_MODEL", "compatible"]
    assert rows(section(page, "producers")) == [
        ["app/api/orders.py:28", "pay_invoice", "client.send", "v2 (BillingInvoicePaidV2)"]
    ]
    versions = section(page, "versions")
    v2, v1 = versions.split('<article class="version" id="v1">')
    assert '<dt>Sent as this version by</dt><dd><code class="src">app/api/orders.py:28</code>' in v2
    assert "<dt>Sent as this version by</dt><dd>none seen in the code</dd>" in v1
    assert "<code>BillingInvoicePaidV1</code>" in v1
    assert rows(section(page, "consumers")) == [
        ["app/functions/billing.py:13", "record_payment", "trigger", ""]
    ]
    assert rows(section(page, "impact")) == [
        [
            "app/functions/billing.py:15",
            "record_payment",
            "idempotency",
            "event.data.amount event.data.invoiceId",
        ],
        [
            "app/functions/billing.py:18",
            "record_payment",
            "handler body",
            "event.data.customerId event.data.invoiceId",
        ],
        [
            "app/functions/billing.py:37",
            "record_payment",
            "wait_for_event.if_exp",
            "event.data.customerId",
        ],
    ]
    assert rows(section(page, "findings")) == [
        [
            "app/functions/billing.py:15",
            "EL622",
            "event.data.amount is not in the schema of billing/invoice.paid "
            "(did you mean event.data.amountCents?)",
        ]
    ]


def test_consumers_of_every_kind(example_site: Path) -> None:
    profile = (example_site / "events" / "user_profile.updated.html").read_text()
    assert rows(section(profile, "consumers")) == [
        [
            "app/functions/onboarding.py:14",
            "send_welcome",
            "cancel_on",
            "event.data.userId == async.data.userId",
        ]
    ]
    assert rows(section(profile, "producers")) == [
        ["app/api/orders.py:50", "update_profile", "client.send_sync", "not set"],
        ["app/functions/onboarding.py:32", "send_welcome", "client.send", "not set"],
    ]
    welcome = (example_site / "events" / "email_welcome.sent.html").read_text()
    assert rows(section(welcome, "consumers")) == [
        [
            "app/functions/billing.py:33",
            "record_payment",
            "wait_for_event",
            "event.data.customerId == async.data.userId",
        ]
    ]
    assert rows(section(welcome, "producers")) == [
        ["app/functions/onboarding.py:21", "send_welcome", "step.send_event", "not set"]
    ]


FLOWS = """\
import inngest

client = inngest.Inngest(app_id="shop")


@client.create_function(fn_id="audit", trigger=inngest.TriggerEvent(event="shop/*"))
async def audit(ctx: inngest.Context) -> None:
    pass


@client.create_function(
    fn_id="charge",
    trigger=inngest.TriggerEvent(event="shop/order.paid", expression="event.data.orderId != ''"),
)
async def charge(ctx: inngest.Context) -> None:
    await ctx.step.invoke("call-charge", function=charge, data={"orderId": "x"})


def pay(order_id: str) -> None:
    client.send_sync(inngest.Event(name="shop/order.paid", data={"orderId": order_id}))


def built() -> inngest.Event:
    return inngest.Event(name="shop/order.paid", data={"orderId": "o"})


def dynamic(kind: str) -> None:
    client.send_sync(inngest.Event(name=f"shop/order.{kind}", data={}))
"""


def test_wildcards_invokes_built_events_and_the_codegen_module(tmp_path: Path) -> None:
    repo = _repo(tmp_path, 'codegen-out = "app/events.py"\n')
    (repo / "app.py").unlink()
    build(
        repo,
        {
            "app/__init__.py": "",
            "app/flows.py": FLOWS,
            "pyproject.toml": (repo / "pyproject.toml").read_text(),
        },
    )
    assert event_registry(repo, "catalog", "--out", "site", "--no-cache").returncode == 0
    page = (repo / "site" / "events" / "shop_order.paid.html").read_text()
    assert '<code class="import">from app.events import ShopOrderPaidV1</code>' in page
    assert rows(section(page, "producers")) == [
        ["app/flows.py:20", "pay", "client.send_sync", "not set"],
        ["app/flows.py:24", "built", "built", "not set"],
    ]
    assert rows(section(page, "consumers")) == [
        ["app/flows.py:6", "audit", "trigger", ""],
        ["app/flows.py:13", "charge", "trigger", "event.data.orderId != &#x27;&#x27;"],
        ["app/flows.py:16", "charge", "step.invoke", ""],
    ]
    index = (repo / "site" / "index.html").read_text()
    assert '<section id="unreadable">' in index
    assert '<ul>\n<li><code class="src">app/flows.py:28</code></li>\n</ul>' in index
    mermaid = event_registry(repo, "catalog", "--format", "mermaid", "--no-cache")
    assert mermaid.stdout == (
        "flowchart LR\n"
        '    n0["built"]\n'
        '    n1["pay"]\n'
        '    n2["audit"]\n'
        '    n3["charge"]\n'
        '    n0 -- "shop/order.paid" --> n2\n'
        '    n0 -- "shop/order.paid" --> n3\n'
        '    n1 -- "shop/order.paid" --> n2\n'
        '    n1 -- "shop/order.paid" --> n3\n'
        '    n3 -- "step.invoke" --> n3\n'
    )


def test_the_index_marks_built_ins_and_lists_names_the_registry_lacks(example_site: Path) -> None:
    index = (example_site / "index.html").read_text()
    assert index.count('<span class="badge builtin">built-in</span>') == 5
    failed = '<a href="events/inngest_function.failed.html">inngest/function.failed</a>'
    assert f'{failed} <span class="badge builtin">built-in</span>' in index
    assert rows(section(index, "unregistered")) == [["user/profileUpdated", "1", "0"]]


def test_mermaid_prints_the_flow(tmp_path: Path) -> None:
    result = event_registry(EXAMPLES, "catalog", "--format", "mermaid", "--no-cache")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "flowchart LR"
    assert '    n0["pay_invoice"]' in lines
    labels = dict(re.findall(r"    (n\d+)\[\"(.*)\"\]", result.stdout))
    ids = {label: node for node, label in labels.items()}
    assert (
        f'    {ids["pay_invoice"]} -- "billing/invoice.paid" --> {ids["record-payment"]}' in lines
    )
    assert (
        f'    {ids["send-welcome"]} -- "email/welcome.sent (wait)" --> {ids["record-payment"]}'
        in lines
    )


def test_source_links_follow_the_template(tmp_path: Path) -> None:
    out = tmp_path / "site"
    template = "https://example.test/shop/blob/main/{path}#L{line}"
    result = event_registry(
        EXAMPLES, "catalog", "--out", str(out), "--source-url", template, "--no-cache"
    )
    assert result.returncode == 0, result.stderr
    page = (out / "events" / "billing_invoice.paid.html").read_text()
    assert (
        '<a class="src" href="https://example.test/shop/blob/main/app/api/orders.py#L28">'
        "<code>app/api/orders.py:28</code></a>"
    ) in page


def test_the_config_key_sets_the_template(tmp_path: Path) -> None:
    repo = _repo(tmp_path, 'catalog-source-url = "https://git.test/r/{path}?line={line}"\n')
    result = event_registry(repo, "catalog", "--out", "site", "--no-cache")
    assert result.returncode == 0, result.stderr
    page = (repo / "site" / "events" / "shop_order.paid.html").read_text()
    assert 'href="https://git.test/r/app.py?line=6"' in page


def test_descriptions_are_text_not_markup(tmp_path: Path) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    repo = _repo(tmp_path, description=hostile)
    result = event_registry(repo, "catalog", "--out", "site", "--no-cache")
    assert result.returncode == 0, result.stderr
    for page in ("index.html", "events/shop_order.paid.html"):
        text = (repo / "site" / page).read_text()
        assert (
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
            in text
        )
        assert "<script>alert" not in text and "<img" not in text


def test_bad_templates_are_refused(tmp_path: Path) -> None:
    for template, needle in [
        ("javascript:alert(1)//{path}", "must start with http:// or https://"),
        ("https://x.test/{file}", "unknown placeholder {file}"),
        ("https://x.test/blob", "needs {path}"),
        ('https://x.test/{path}"onclick="x', "holds a space, a quote or a control character"),
    ]:
        result = event_registry(
            EXAMPLES, "catalog", "--out", str(tmp_path / "s"), "--source-url", template
        )
        assert_clean_failure(
            result, f"event-registry: error: source URL template {template!r}: {needle}"
        )
        assert not (tmp_path / "s").exists()


def test_a_folder_it_did_not_write_is_not_touched(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "docs").mkdir()
    (repo / "docs" / "index.html").write_text("mine")
    before = snapshot(repo / "docs")
    result = event_registry(repo, "catalog", "--out", "docs", "--no-cache")
    assert_clean_failure(
        result,
        "event-registry: error: docs: the folder is not empty and no catalog was written "
        "there (no .event-catalog); choose an empty or new folder",
    )
    assert snapshot(repo / "docs") == before
    assert (repo / "docs" / "index.html").read_text() == "mine"


def test_the_page_of_a_removed_event_goes_and_nothing_else(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    assert event_registry(repo, "catalog", "--out", "site", "--no-cache").returncode == 0
    (repo / "site" / "events" / "notes.txt").write_text("kept")
    (repo / "schemas" / "shop" / "order.paid" / "1.json").rename(
        repo / "schemas" / "shop" / "order.paid" / "x"
    )
    (repo / "schemas" / "shop" / "order.sent").mkdir()
    (repo / "schemas" / "shop" / "order.sent" / "1.json").write_text(json.dumps({"type": "object"}))
    assert event_registry(repo, "catalog", "--out", "site", "--no-cache").returncode == 0
    events = sorted(p.name for p in (repo / "site" / "events").iterdir())
    assert "shop_order.paid.html" not in events
    assert "shop_order.sent.html" in events and "notes.txt" in events


def test_nothing_is_written_through_a_symlink(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo / "site").mkdir()
    (repo / "site" / ".event-catalog").write_text("index.html\n")
    os.symlink(outside, repo / "site" / "events")
    result = event_registry(repo, "catalog", "--out", "site", "--no-cache")
    assert_clean_failure(result, "site/events: a symlink; the catalog is not written through links")
    assert list(outside.iterdir()) == []


def test_missing_parent_folders_are_created(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    result = event_registry(repo, "catalog", "--out", "build/docs/catalog", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "catalog of 6 events: build/docs/catalog/index.html\n"
    assert (repo / "build" / "docs" / "catalog" / "events" / "shop_order.paid.html").is_file()


def test_src_limits_the_code_read(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = event_registry(
        EXAMPLES, "catalog", "--out", str(out), "--src", "app/api", "--no-cache"
    )
    assert result.returncode == 0, result.stderr
    page = (out / "events" / "user_profile.updated.html").read_text()
    assert rows(section(page, "producers")) == [
        ["app/api/orders.py:50", "update_profile", "client.send_sync", "not set"]
    ]
    assert "<p>No linted code consumes this event.</p>" in section(page, "consumers")


def test_out_must_be_a_folder(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    result = event_registry(repo, "catalog", "--out", "app.py", "--no-cache")
    assert_clean_failure(result, "event-registry: error: app.py: not a folder")


def test_out_is_required_for_html(tmp_path: Path) -> None:
    result = event_registry(_repo(tmp_path), "catalog")
    assert_clean_failure(
        result, "event-registry: error: catalog needs --out FOLDER (or --output-format mermaid)"
    )


def _repo(tmp_path: Path, config: str = "", description: str = "An order was paid.") -> Path:
    schema = {
        "type": "object",
        "description": description,
        "properties": {"orderId": {"type": "string", "description": description}},
    }
    app = (
        "import inngest\n"
        "client = inngest.Inngest(app_id='shop')\n"
        "\n"
        "\n"
        "def pay(order_id: str) -> None:\n"
        "    client.send_sync(inngest.Event(name='shop/order.paid', data={'orderId': order_id}))\n"
    )
    return build(
        tmp_path / "repo",
        {
            "pyproject.toml": f"[tool.event-lint]\n{config}",
            "schemas/shop/order.paid/1.json": json.dumps(schema),
            "app.py": app,
        },
    )
