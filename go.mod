module github.com/jazzgo/jazz

go 1.26
