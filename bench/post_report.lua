-- wrk script: POST a valid report with the reporter's bearer token (TOKEN in the environment).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"category":"skadegorelse.klotter","occurred_from":"2026-11-10T22:00",' ..
           '"lat":60.4858,"lon":15.4371,"count":1,"severity":1,"description":"Klotter (bench)"}'

-- RATE (requests/s over all connections, in the environment) paces the load: each connection
-- waits connections/RATE between its requests, so latency is measured at that rate instead of at
-- saturation. Without RATE, wrk sends as fast as the server answers.
local rate = tonumber(os.getenv("RATE") or "")
local connections = tonumber(os.getenv("CONNECTIONS") or "64")
if rate then
  function delay()
    return connections * 1000 / rate
  end
end
