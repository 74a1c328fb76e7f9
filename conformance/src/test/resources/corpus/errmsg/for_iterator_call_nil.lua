for k, v in nil do end
