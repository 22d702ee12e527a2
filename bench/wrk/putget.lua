-- PUT then GET of the same item, over 1024 keys per wrk thread, for the
-- PUT+GET load test in docs/benchmarks.md. The PUT invalidates the
-- service's cache entry, so each GET reads the store: with the postgres
-- feature, every request is a query.
--   wrk -t2 -c64 -d8s -s bench/wrk/putget.lua http://127.0.0.1:PORT

local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

local n = 0
local body = '{"name":"widget","quantity":1}'
local headers = { ["Content-Type"] = "application/json" }

function request()
  local key = "t" .. tid .. "-" .. (math.floor(n / 2) % 1024)
  n = n + 1
  if n % 2 == 1 then
    return wrk.format("PUT", "/v1/items/" .. key, headers, body)
  end
  return wrk.format("GET", "/v1/items/" .. key)
end
