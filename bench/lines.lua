-- wrk: send the requests of a fixtures file in turn, one per line:
--   METHOD <tab> TARGET <tab> BODY ("-" for none) [<tab> Header: value]...
-- Each wrk thread takes every n-th line (n the thread count given after --), so no two threads
-- send the same one.
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    fields[#fields + 1] = field
  end
  return fields
end

function init(args)
  local path, count = args[1], tonumber(args[2] or "1")
  requests = {}
  local n = 0
  for line in io.lines(path) do
    if n % count == id then
      local fields = split(line)
      local headers = {}
      for i = 4, #fields do
        local name, value = fields[i]:match("^([^:]+): (.*)$")
        headers[name] = value
      end
      local body = fields[3] ~= "-" and fields[3] or nil
      requests[#requests + 1] = wrk.format(fields[1], fields[2], headers, body)
    end
    n = n + 1
  end
  position = 0
end

function request()
  position = position + 1
  return requests[(position - 1) % #requests + 1]
end
