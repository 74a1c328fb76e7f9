print(#"abc", rawlen("abc"))
