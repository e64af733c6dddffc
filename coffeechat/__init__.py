"""Coffee Chat: prepare informational interviews and keep the relationships going.

The domain core. It never imports streamlit; the pages and the CLI are thin faces
over these modules.
"""

__version__ = "0.1.0"
