# syntax=docker/dockerfile:1
# One image for the Python components: `estoca-mock up|api|mockserver|operator|db upgrade|apply ...`.
# Multi-stage: uv resolves the locked dependencies into a virtualenv in the build stage; the runtime
# stage gets only that virtualenv, runs as an unprivileged user and works on a read-only root filesystem.

ARG PYTHON_IMAGE=python:3.11.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/estoca \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /src
# Dependencies first (cached until the lock file or a member's pyproject changes) ...
COPY pyproject.toml uv.lock ./
COPY core/pyproject.toml core/pyproject.toml
COPY mockserver/pyproject.toml mockserver/pyproject.toml
COPY api/pyproject.toml api/pyproject.toml
COPY operator/pyproject.toml operator/pyproject.toml
RUN uv sync --frozen --no-dev --no-install-workspace --no-editable
# ... then the code, installed as regular (non-editable) packages.
COPY core core
COPY mockserver mockserver
COPY api api
COPY operator operator
RUN uv sync --frozen --no-dev --no-editable

FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="estoca-mock-api" \
      org.opencontainers.image.description="Contract mocks and chaos for HTTP integrations" \
      org.opencontainers.image.source="https://github.com/estoca/estoca-mock-api"
ENV PATH=/opt/estoca/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    MOCKSERVER_HOST=0.0.0.0 \
    MOCKSERVER_PORT=8080
RUN groupadd --system --gid 10001 estoca \
 && useradd --system --uid 10001 --gid estoca --home-dir /tmp --no-create-home --shell /usr/sbin/nologin estoca
COPY --from=build --chown=root:root /opt/estoca /opt/estoca
COPY --chown=root:root examples /opt/estoca/examples
WORKDIR /opt/estoca
USER 10001:10001
EXPOSE 8000 8080
ENTRYPOINT ["estoca-mock"]
CMD ["up", "--host", "0.0.0.0", "--port", "8000", "--examples", "/opt/estoca/examples"]
