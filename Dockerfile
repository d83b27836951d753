# Mingbai: one static Go binary (no cgo: SQLite is pure Go) and a Tibetan font.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/mingbai ./server

# Debian's fonts-noto-core carries Noto Serif Tibetan; only that file is kept.
FROM debian:bookworm-slim AS fonts
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-core \
 && rm -rf /var/lib/apt/lists/*

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin mingbai \
 && mkdir -p /data && chown mingbai /data
COPY --from=fonts /usr/share/fonts/truetype/noto/NotoSerifTibetan-Regular.ttf /usr/share/fonts/truetype/noto/
COPY --from=build /out/mingbai /usr/local/bin/mingbai
USER mingbai
ENV MINGBAI_ADDR=0.0.0.0:8080 \
    MINGBAI_DATA=/data \
    MINGBAI_TIBETAN_FONT=/usr/share/fonts/truetype/noto/NotoSerifTibetan-Regular.ttf
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=6s --start-period=20s CMD ["/usr/local/bin/mingbai", "health"]
ENTRYPOINT ["/usr/local/bin/mingbai"]
