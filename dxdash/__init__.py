"""dxdash: compare municipal DX plans and outcome statistics (自治体DX比較ダッシュボード)."""
