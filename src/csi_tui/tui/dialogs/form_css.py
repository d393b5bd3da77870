"""The look the step 7 dialogs share: a framed box, one-line fields beside their labels."""

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 78; max-width: 100%; height: auto; max-height: 100%;
    border: thick $primary; background: $surface; padding: 0 1;
}}
{name} .row {{ height: 1; }}
{name} .label {{ width: 14; height: 1; }}
{name} Input {{ border: none; height: 1; width: 1fr; padding: 0 1; background: $boost; }}
{name} Input:focus {{ border: none; background: $primary 30%; text-style: bold; }}
{name} Checkbox {{ border: none; height: 1; padding: 0; background: $surface; }}
{name} Checkbox:focus {{ border: none; background: $primary 30%; text-style: bold; }}
{name} .error {{ color: $error; text-style: bold; height: auto; }}
{name} .hint {{ color: $foreground-muted; height: 1; }}
"""


def dialog_css(name: str) -> str:
    return DIALOG_CSS.format(name=name)
