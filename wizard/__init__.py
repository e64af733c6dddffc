"""The Streamlit face of Coffee Chat: shared widgets and caches for the page scripts.

The domain lives in ``coffeechat``; this package only turns it into widgets.
"""

from wizard.router import route_through_app

# On a fresh server a deep link can run a page without app.py; see wizard/router.py.
route_through_app()
