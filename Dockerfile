# dxdash in a container: the store is built from data/ on first start; mount a volume on /data to
# keep imported nationwide data across restarts (DXDASH_DB points there).
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV DXDASH_DB=/data/dxdash.duckdb
VOLUME /data
EXPOSE 8501
CMD ["python", "-m", "streamlit", "run", "app.py", "--server.port", "8501", "--server.address", "0.0.0.0"]
