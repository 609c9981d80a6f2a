# The API image; data lives in the /data volume (SQLite) or in Elasticsearch (UNIONKB_ES_URL).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY unionkb ./unionkb
COPY extract ./extract
COPY kb ./kb
COPY api ./api
COPY crawler ./crawler
RUN pip install --no-cache-dir .
ENV UNIONKB_DB=/data/unionkb.sqlite
VOLUME /data
EXPOSE 8000
CMD ["unionkb", "serve", "--host", "0.0.0.0", "--port", "8000"]
