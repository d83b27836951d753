-- wrk script for scripts/load.sh: every request pushes a batch of BATCH
-- (default 100) consultations of about 300 bytes to /api/v1/sync/push with
-- the device token TOKEN, as a phone emptying its outbox.
--
--   MODE=fresh  every batch has new ids: each record is applied (the real load)
--   MODE=retry  each wrk thread sends one batch over and over: after the first
--               answer every record is a duplicate (phones retrying after a
--               lost answer)
--
-- Ids look like UUIDv7 (time first, then the thread and a counter), so
-- inserts land at the end of the index as real phones' do. At the end it
-- prints records/s counted from the answers, and how many records were
-- applied, duplicate or anything else (which should be none).
local token = os.getenv("TOKEN") or error("TOKEN is not set")
local mode = os.getenv("MODE") or "fresh"
local batch = tonumber(os.getenv("BATCH") or "100")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

local today = os.date("!%Y-%m-%d")
local ms = os.time() * 1000
local headers = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
local record = '{"id":"%08x-%04x-7%03x-8%03x-%012x","kind":"consultation","date":"' .. today .. '",' ..
  '"fields":{"topic":"marriage-family","asker_group":"herder","channel":"in_person","outcome":"answered",' ..
  '"summary":"女方父母收了彩礼后婚事告吹，男方要求全部退还，女方只愿退一半，双方争执不下，问法律怎么规定。第%d号"}}'
local counter = 0
local cached
applied, duplicate, other, bad = 0, 0, 0, 0

function init(args)
  math.randomseed(os.time() + tid)
  nonce = math.random(0, 4095)
end

function request()
  if mode == "retry" and cached then
    return cached
  end
  local recs = {}
  for i = 1, batch do
    counter = counter + 1
    recs[i] = string.format(record, math.floor(ms / 65536), ms % 65536, tid, nonce, counter, counter)
  end
  local req = wrk.format("POST", "/api/v1/sync/push", headers, '{"schema":1,"records":[' .. table.concat(recs, ",") .. "]}")
  if mode == "retry" then
    cached = req
  end
  return req
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    return
  end
  local _, a = body:gsub('"status":"applied"', "")
  local _, d = body:gsub('"status":"duplicate"', "")
  applied, duplicate, other = applied + a, duplicate + d, other + batch - a - d
end

function done(summary, latency, requests)
  local a, d, o, b = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a, d, o, b = a + t:get("applied"), d + t:get("duplicate"), o + t:get("other"), b + t:get("bad")
  end
  local secs = summary.duration / 1e6
  io.write(string.format("%10.0f records/s  p50 %.0f ms  p99 %.0f ms   applied %d, duplicate %d, other %d, failed batches %d\n",
    (a + d) / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000, a, d, o,
    b + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
