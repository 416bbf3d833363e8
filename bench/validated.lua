-- wrk script for the validated endpoint: POST with a query parameter, a header and a JSON body.
wrk.method = "POST"
wrk.body = '{"sku": "ABC-123", "quantity": 2}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer bench-token"
