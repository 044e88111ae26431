-- wrk script: POST a valid report with the reporter's bearer token (TOKEN in the environment).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"category":"skadegorelse.klotter","occurred_from":"2026-11-10T22:00",' ..
           '"lat":60.4858,"lon":15.4371,"count":1,"severity":1,"description":"Klotter (bench)"}'
