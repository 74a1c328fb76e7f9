while true x() end
