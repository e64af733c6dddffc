"""The Streamlit face of Coffee Chat: shared widgets and caches for the page scripts.

The domain lives in ``coffeechat``; this package only turns it into widgets.
"""
