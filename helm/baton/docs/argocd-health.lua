-- Argo CD health check for baton.dev/Meeting; see argocd-health.md beside this file.
-- Argo CD runs it with Lua 5.1, the Meeting in the global `obj`, and only the base, table and
-- package libraries (no string or math library unless useOpenLibs is set): keep it that way.

local function condition(status, kind)
  if type(status.conditions) ~= "table" then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == kind then
      return c
    end
  end
  return nil
end

local function message(c)
  if c ~= nil and type(c.message) == "string" and c.message ~= "" then
    return c.message
  end
  return nil
end

local function isTrue(c)
  return c ~= nil and c.status == "True"
end

-- Why a meeting has no running process yet: no worker for it, or its worker is starting it.
local function waiting(status)
  local placed = condition(status, "Placed")
  if placed ~= nil and placed.status == "False" and message(placed) ~= nil then
    return message(placed)
  end
  return message(condition(status, "Ready")) or message(placed)
end

local function health(meeting)
  local status = meeting.status
  if type(status) ~= "table" or status.phase == nil then
    return "Progressing", "Waiting for the operator to place the meeting"
  end

  local generation = meeting.metadata and tonumber(meeting.metadata.generation)
  local observed = tonumber(status.observedGeneration)
  if generation ~= nil and (observed == nil or observed < generation) then
    return "Progressing", "Waiting for the operator to observe generation " .. generation
  end

  local phase = status.phase
  local degraded = condition(status, "Degraded")
  if phase == "Running" then
    if isTrue(degraded) then
      return "Degraded", message(degraded) or "The meeting is degraded"
    end
    if meeting.spec ~= nil and meeting.spec.ended == true then
      return "Progressing", "Ending: waiting for the end hook and the summary"
    end
    return "Healthy", message(condition(status, "Ready")) or "The meeting is running"
  end
  if phase == "Ended" then
    local why = ""
    if status.summary ~= nil and status.summary.endReason ~= nil then
      why = " (" .. status.summary.endReason .. ")"
    end
    if status.endedAt == nil then
      return "Healthy", "Ended" .. why
    end
    return "Healthy", "Ended at " .. status.endedAt .. why
  end
  if phase == "Pending" then
    return "Progressing", waiting(status) or "Waiting to be placed on a worker"
  end
  if phase == "HandingOff" then
    return "Progressing", waiting(status) or "Moving to another worker"
  end
  if phase == "Recovering" then
    local why = waiting(status) or "waiting for a worker to resume it"
    return "Progressing", "Recovering from the last checkpoint: " .. why
  end
  if phase == "Failed" then
    local why = message(degraded) or message(condition(status, "Ready"))
    return "Degraded", why or "The meeting failed"
  end
  return "Unknown", "Unknown phase " .. tostring(phase)
end

local hs = {}
hs.status, hs.message = health(obj)
return hs
