-- wrk: send the requests of a fixtures file, one line each ("METHOD PATH KEY [BODY]", KEY "-" for
-- none), in turn; each wrk thread takes every n-th line, so no two threads send the same one.
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  local path, count = args[1], tonumber(args[2] or "1")
  requests = {}
  local n = 0
  for line in io.lines(path) do
    if n % count == id then
      local method, target, key, body = line:match("^(%S+) (%S+) (%S+) ?(.*)$")
      local headers = {}
      if key ~= "-" then headers["Authorization"] = "Bearer " .. key end
      if body ~= "" then headers["Content-Type"] = "application/json" else body = nil end
      requests[#requests + 1] = wrk.format(method, target, headers, body)
    end
    n = n + 1
  end
  position = 0
end

function request()
  position = position + 1
  return requests[(position - 1) % #requests + 1]
end
