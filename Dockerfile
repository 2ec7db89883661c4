# Self-hosted Sahel Watch: `docker build -t sahelwatch . && docker run -p 8501:8501 sahelwatch`.
# Mount your own corpus read-only with `-v /path/to/data:/app/data:ro`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    SAHELWATCH_DATA=/app/data \
    SAHELWATCH_STORE=/tmp/sahelwatch-store

WORKDIR /app
RUN pip install --no-cache-dir "uv==0.13.8"
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-install-project --no-cache
COPY sahelwatch ./sahelwatch
COPY app.py ./
COPY app_pages ./app_pages
COPY components ./components
COPY assets ./assets
COPY scripts/serve.sh ./scripts/serve.sh
COPY .streamlit ./.streamlit
COPY data ./data
RUN uv sync --frozen --no-cache \
 && useradd --create-home --uid 10001 sahelwatch
USER sahelwatch

VOLUME ["/app/data"]
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["./scripts/serve.sh"]
