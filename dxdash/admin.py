"""The administrator gate: data-changing controls exist only for someone holding the secret.

The secret comes from the environment (DXDASH_ADMIN_TOKEN) or Streamlit secrets (admin_token).
Without one, a hosted instance has no way to change data from the browser. The token is typed
into a password field and kept in the session only, never in the URL.
"""
from __future__ import annotations

import hmac
import os

import streamlit as st


def configured_token() -> str | None:
    token = os.environ.get("DXDASH_ADMIN_TOKEN")
    if token:
        return token
    try:
        return st.secrets.get("admin_token") or None
    except (FileNotFoundError, KeyError, AttributeError, st.errors.StreamlitSecretNotFoundError):
        return None


def is_admin(entered: str | None) -> bool:
    token = configured_token()
    return bool(token and entered and hmac.compare_digest(entered.encode(), token.encode()))
