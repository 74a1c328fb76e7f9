local t = {}
function t:m.x() end
