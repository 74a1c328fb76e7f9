for p, c in utf8.codes("ok\xff") do end
