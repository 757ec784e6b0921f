-- Prints one JSON line with throughput, latency percentiles (ms) and errors when wrk finishes.
-- Optional request body from the environment: WRK_METHOD, WRK_BODY (JSON). WRK_HIST=1 adds "hist":
-- every distinct latency (µs) with its request count, for plotting the whole distribution.
local method = os.getenv("WRK_METHOD")
local body = os.getenv("WRK_BODY")
local hist = os.getenv("WRK_HIST") == "1"
if method then wrk.method = method end
if body then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local non2xx = e.status
  io.write(string.format(
    '{"requests": %d, "rps": %.1f, "p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, ' ..
    '"errors": %d, "non2xx": %d',
    summary.requests, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout, non2xx))
  if hist then
    local parts = {}
    for i = 1, #latency do
      local value, count = latency(i)
      parts[#parts + 1] = string.format("[%d,%d]", value, count)
    end
    io.write(', "hist": [', table.concat(parts, ","), ']')
  end
  io.write("}\n")
end
