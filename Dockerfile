# syntax=docker/dockerfile:1

# ---- build: the release bundle, made by trunk with pinned, preinstalled tools
FROM rust:1.95.0-bookworm AS build

# Trunk must never download a tool (Trunk.toml: offline = true), so the exact
# versions it is pinned to are installed here, in a layer of their own. Each
# is installed only if that exact version is not already in the base image
# (on the official rust image none is, so all three are compiled, ~20 min on
# 2 cores; scripts/test-image's stand-in base already carries them).
ARG TRUNK_VERSION=0.21.14
ARG WASM_BINDGEN_VERSION=0.2.130
ARG WASM_OPT_VERSION=0.116.1
# ...which builds binaryen 116: `wasm-opt --version` says "version 116".
ARG BINARYEN_VERSION=116
RUN rustup target add wasm32-unknown-unknown \
 && case "$(trunk --version 2>/dev/null)" in \
      "trunk ${TRUNK_VERSION}") ;; \
      *) cargo install --locked "trunk@${TRUNK_VERSION}" ;; \
    esac \
 && case "$(wasm-bindgen --version 2>/dev/null)" in \
      "wasm-bindgen ${WASM_BINDGEN_VERSION}"*) ;; \
      *) cargo install "wasm-bindgen-cli@${WASM_BINDGEN_VERSION}" ;; \
    esac \
 && case "$(wasm-opt --version 2>/dev/null)" in \
      "wasm-opt version ${BINARYEN_VERSION} "*) ;; \
      *) cargo install --locked "wasm-opt@${WASM_OPT_VERSION}" ;; \
    esac \
 && rm -rf /usr/local/cargo/registry/src

WORKDIR /src

# Dependencies next, before any source: with placeholder sources, fetch and
# compile every dependency, so an edit to src/ rebuilds only this crate.
COPY Cargo.toml Cargo.lock ./
COPY .cargo .cargo
COPY crates/model/Cargo.toml crates/model/
COPY crates/read/Cargo.toml crates/read/
COPY crates/chart/Cargo.toml crates/chart/
COPY crates/web/Cargo.toml crates/web/
RUN mkdir -p src crates/model/src crates/read/src crates/chart/src crates/web/src/bin \
 && touch src/lib.rs crates/model/src/lib.rs crates/read/src/lib.rs crates/chart/src/lib.rs crates/web/src/lib.rs \
 && echo 'fn main() {}' > src/main.rs \
 && for bin in app worker; do echo 'fn main() {}' > "crates/web/src/bin/${bin}.rs"; done \
 && cargo fetch --locked \
 && cargo build --release --locked --target wasm32-unknown-unknown -p sheetplot-web --bin app --bin worker \
 && rm -rf src crates

COPY index.html Trunk.toml ./
COPY scripts/trunk-post-build scripts/trunk-post-build
COPY src src
COPY crates crates
# The copied sources may carry mtimes older than the placeholders' build.
RUN find src crates -name '*.rs' -exec touch {} + \
 && trunk build --release --locked

# ---- serve: only the bundle and the server block, on the official nginx image
FROM nginx:1.28.0-alpine

COPY nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /src/dist /usr/share/nginx/html
# The sample workbooks, listed by the page; compose bind-mounts ./data over them.
COPY data /usr/share/nginx/html/data

EXPOSE 80
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1/healthz"]
