-- wrk script of `cargo xtask bench`: POST /api/applications (kind "demo") with a fresh
-- Idempotency-Key on every request, so each one is a new application committed with
-- synchronous=FULL. The session cookie comes from the environment (BENCH_COOKIE).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  counter = 0
  prefix = "bench-" .. os.time() .. "-" .. tid .. "-"
  headers = {
    ["Content-Type"] = "application/json",
    ["Cookie"] = os.getenv("BENCH_COOKIE"),
  }
  body = '{"kind":"demo","document":"{\\"bench\\":true}"}'
end

function request()
  counter = counter + 1
  headers["Idempotency-Key"] = prefix .. counter
  return wrk.format("POST", "/api/applications", headers, body)
end
