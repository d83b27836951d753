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

-- The server's CPU time (user and system, in clock ticks of CLK_TCK a
-- second) read from /proc for SERVER_PID, before the run and after: the
-- CPU a record cost the server. wrk loads this script in its main thread
-- too, before the run; done runs there after it.
local pid, tck = os.getenv("SERVER_PID"), tonumber(os.getenv("CLK_TCK") or "100")
local function server_cpu()
  local f = pid and io.open("/proc/" .. pid .. "/stat")
  if not f then return nil end
  local stat = f:read("*a")
  f:close()
  -- Fields after the command's closing parenthesis: utime and stime are
  -- the 12th and 13th.
  local rest = stat:match("%) (.*)")
  local i, utime, stime = 0, 0, 0
  for v in rest:gmatch("%S+") do
    i = i + 1
    if i == 12 then utime = tonumber(v) elseif i == 13 then stime = tonumber(v) break end
  end
  return (utime + stime) / tck
end
local cpu_start = server_cpu()

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
  local cpu = "?"
  if cpu_start and a + d > 0 then
    cpu = string.format("%.0f", (server_cpu() - cpu_start) * 1e6 / (a + d))
  end
  io.write(string.format("%10.0f records/s  p50 %.1f ms  p99 %.1f ms  server CPU %s µs a record   applied %d, duplicate %d, other %d, failed batches %d\n",
    (a + d) / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000, cpu, a, d, o,
    b + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
