# syntax=docker/dockerfile:1
# cvpdf in a container: the static binary (it carries its fonts) on distroless,
# run as a non-root user in /work. Render the résumés in the current folder:
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

# The image: the binary on distroless's static base (no libc, no package
# manager), in its debug variant: its busybox shell is what GitLab CI runs a
# job's `script:` with (`docker run` calls cvpdf directly). Its user "nonroot" is
# 65532.
FROM gcr.io/distroless/static-debian12:debug-nonroot
ARG TARGETARCH
COPY --from=build /out/cvpdf-linux-${TARGETARCH} /usr/local/bin/cvpdf
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["cvpdf"]
CMD ["--help"]
