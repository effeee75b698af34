# syntax=docker/dockerfile:1
# cvpdf in a container: the static binary alone (it carries its fonts), run as a
# non-root user in /work. Render the résumés in the current folder:
#
#   docker build -t cvpdf .
#   docker run --rm -v "$PWD:/work" -u "$(id -u):$(id -g)" cvpdf resume.md
#
# (`-u` makes the PDF yours and lets the container write to your folder.)
# The release workflow pushes the image built from its own static binaries to
# ghcr.io/OWNER/REPO (it replaces the `build` stage with `--build-context build=DIR`,
# a DIR holding out/cvpdf-linux-amd64 and out/cvpdf-linux-arm64).

# Build stage: Alpine's Rust targets musl and links statically.
FROM rust:1-alpine AS build
ARG TARGETARCH
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
RUN cargo build --release --locked \
    && mkdir /out \
    && cp target/release/cvpdf "/out/cvpdf-linux-${TARGETARCH}"

# The image: nothing but the binary.
FROM scratch
ARG TARGETARCH
COPY --from=build /out/cvpdf-linux-${TARGETARCH} /usr/local/bin/cvpdf
ENV PATH=/usr/local/bin
# No /etc/passwd in an empty image: a numeric user (distroless's "nonroot").
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["cvpdf"]
CMD ["--help"]
