local function () end
