// Keeps the whole leaflet library on the phone, so a resident can show
// any leaflet in a village without signal: every published leaflet's page
// in Tibetan and Chinese, and on request its audio, with a progress bar.
const LEAFLETS = "leaflets";
const MEDIA = "media";

// libraryURLs lists what to keep: pages, and audio when asked.
export async function libraryURLs(withAudio) {
  const pages = [];
  const audio = [];
  for (let page = 1; ; page++) {
    const res = await fetch("/api/v1/materials?per_page=100&page=" + page, { cache: "no-store" });
    if (!res.ok) throw new Error("materials: " + res.status);
    const body = await res.json();
    for (const m of body.items) {
      for (const lang of m.languages) pages.push("/" + lang + "/m/" + m.slug);
      if (withAudio) {
        const full = await (await fetch("/api/v1/materials/" + m.slug)).json();
        for (const t of Object.values(full.translations)) {
          for (const f of t.media) if (f.kind === "audio") audio.push(f.url);
        }
      }
    }
    if (page * body.per_page >= body.total) break;
  }
  return { pages, audio };
}

// keepLibrary fetches every URL not yet kept, reporting progress(done, total).
export async function keepLibrary(withAudio, progress) {
  const { pages, audio } = await libraryURLs(withAudio);
  const jobs = [...pages.map((u) => [LEAFLETS, u]), ...audio.map((u) => [MEDIA, u])];
  let done = 0;
  progress(done, jobs.length);
  for (const [name, url] of jobs) {
    const cache = await caches.open(name);
    // "Purpose: prefetch" tells the server this is no reader opening the
    // leaflet, so keeping the library counts no opens.
    if (!(await cache.match(url))) await cache.add(new Request(url, { headers: { Purpose: "prefetch" } }));
    progress(++done, jobs.length);
  }
  return jobs.length;
}

export function wireLibrary(section) {
  if (!("caches" in window) || !("serviceWorker" in navigator)) return;
  const bar = section.querySelector("progress");
  const status = section.querySelector(".library-status");
  const button = section.querySelector(".keep-library");
  section.hidden = false;
  button.addEventListener("click", async () => {
    button.disabled = true;
    bar.hidden = false;
    try {
      const n = await keepLibrary(section.querySelector(".with-audio").checked, (done, total) => {
        bar.max = total;
        bar.value = done;
        status.textContent = section.dataset.progress.replace("{done}", done).replace("{total}", total);
      });
      status.textContent = section.dataset.kept.replace("{n}", n);
    } catch {
      status.textContent = section.dataset.failed;
    }
    button.disabled = false;
  });
}
