//go:build ignore

// gen_common writes common_passwords.txt, the list CommonPassword uses by
// default. Run it with `go generate ./auth/validators/`.
//
// The list is Jazz's own, built from the shapes that breach studies keep
// finding at the top of leaked password lists: a short list of popular
// words and names, each alone and with the suffixes people add to satisfy
// "must contain a digit" rules; keyboard walks; runs and repeats of
// digits; years. It is smaller than Django's (which comes from a
// compilation of real leaks) and errs on the side of passwords that are
// certainly weak. Projects with a better list pass it through
// CommonPassword.Passwords.
package main

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
)

// words are popular password bases: everyday words, pets' and people's
// names, sports, places, brands and pop culture. Lowercase; spaces not used.
var words = strings.Fields(`
password passwd passw0rd p@ssword p@ssw0rd pass pa55word pass123 secret secrets admin administrator
root login letmein welcome hello hallo hola bonjour ciao test tester testing guest user default
changeme change master access private qwerty azerty qwertz abc abcd abcde abcdef abcdefg abcdefgh
iloveyou iloveu loveyou loveme lovely love lover lovers mylove sweetheart sweetie honey baby babygirl
babyboy princess prince angel angels darling beautiful pretty cutie hottie sexy kisses
monkey dragon tiger lion eagle falcon shark wolf bear puppy kitten kitty doggie snoopy pokemon
pikachu garfield tigger bambi scooby simba nemo bubbles fluffy buddy buster max bailey charlie
lucky rocky bella daisy molly maggie sadie lucy coco ginger pepper oreo shadow smokey
sunshine summer winter spring autumn rainbow flower flowers rose roses lily daisy star stars
starlight moon moonlight sun sky ocean river forest mountain snow storm thunder lightning fire
football soccer baseball basketball hockey tennis golf boxing rugby cricket volleyball
superman batman spiderman ironman hulk thor wolverine joker starwars jedi yoda vader skywalker
matrix neo trinity hogwarts harrypotter gandalf frodo zelda mario luigi sonic pacman tetris
minecraft fortnite roblox halo nintendo playstation xbox gamer player killer ninja samurai
warrior hunter ranger soldier sniper legend hero champion winner master1 boss
michael jennifer jessica ashley amanda daniel david james john robert thomas william joseph
charles christopher matthew andrew joshua anthony mark steven paul kevin brian jason justin
ryan eric jordan taylor morgan tyler brandon nicholas alexander alex sam samuel samantha
sarah emily emma olivia sophia isabella ava mia abigail elizabeth hannah lauren nicole
michelle melissa stephanie rebecca rachel laura amber heather natalie victoria chloe grace
maria mary anna anne linda susan karen lisa nancy betty helen sandra donna carol sharon
george henry peter oliver harry jack jacob ethan noah liam lucas mason logan benjamin
natasha marina svetlana tatiana olga irina katya andrei sergey dmitry vladimir
mohammed ahmed ali fatima omar hassan carlos jose juan luis miguel pedro diego antonio
pablo javier sofia lucia valentina camila andrea gabriel rafael marco giovanni francesca
computer internet google facebook twitter instagram youtube apple iphone samsung android
microsoft windows linux ubuntu mac macbook dell sony yahoo hotmail gmail email
mustang ferrari porsche corvette camaro bmw mercedes audi honda toyota nissan ford chevy
harley yamaha ducati kawasaki suzuki jaguar lambo lamborghini tesla
london paris berlin madrid rome tokyo moscow dubai chicago boston dallas miami texas
california florida newyork america usa canada mexico brazil france germany england
london1 scotland ireland australia india china russia japan italy spain
chelsea arsenal liverpool manchester barcelona realmadrid juventus milan bayern
cowboys yankees redsox eagles steelers packers patriots lakers celtics bulls raiders
chocolate cookie cookies cheese pizza banana orange apple cherry peach mango lemon coffee
candy sugar butter cupcake pepsi cocacola beer whiskey vodka
purple yellow silver golden gold diamond crystal pink red blue green black white orange1
music guitar piano rock metal rockstar jazz blues disco dance dancer singer
freedom liberty justice peace faith hope trust trustno1 jesus christ god heaven blessed
church angel1 lucifer devil demon hell
family friends friend forever always together happy smile funny crazy cool awesome
whatever nothing something anything everything maybe please thanks thankyou
monday tuesday friday sunday weekend holiday vacation christmas easter
january february march april june july august september october november december
hello123 welcome1 flower1 asdf asdfgh asdfghjkl zxcv zxcvbn zxcvbnm qazwsx qweasd qwe asd
zaq12wsx 1qaz2wsx 1q2w3e 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y qwertyuiop qwerty123 qwert
poiuytrewq lkjhgfdsa mnbvcxz asdasd qweqwe zxczxc qazxsw wsxedc 1qazxsw2 qwer1234 asdf1234
abc123 abcd1234 a1b2c3 a1b2c3d4 aaaaaa aaaaaaaa abcabc xyz qwertyui asdfghjk
`)

// suffixes are what people add to a word; "" keeps the word alone.
var suffixes = []string{"", "1", "2", "3", "7", "12", "13", "21", "22", "23", "69", "77", "88", "99",
	"00", "01", "11", "007", "123", "1234", "12345", "123456", "321", "111", "666", "777",
	"!", "!!", "1!", "123!", "@", "#1", ".", "*", "01!", "2020", "2021", "2022", "2023", "2024",
	"2025", "2026", "2000", "1990", "1999"}

func main() {
	set := map[string]bool{}
	add := func(s string) { set[strings.ToLower(s)] = true }

	for _, w := range words {
		for _, s := range suffixes {
			add(w + s)
		}
		add("1" + w)
		add("123" + w)
		add(w + w)
		add("my" + w)
		add("i" + w)
	}
	// Digit repeats and runs, the most common passwords of all.
	for d := '0'; d <= '9'; d++ {
		for n := 3; n <= 12; n++ {
			add(strings.Repeat(string(d), n))
		}
	}
	for _, run := range []string{"01234567890", "9876543210"} {
		for n := 4; n <= 10; n++ {
			for i := 0; i+n <= len(run); i++ {
				add(run[i : i+n])
			}
		}
	}
	for _, p := range []string{"12", "123", "1234", "12345", "123456", "69", "007", "11", "21", "99", "00"} {
		add(strings.Repeat(p, 2))
		add(strings.Repeat(p, 3))
	}
	for _, p := range []string{"112233", "11223344", "123321", "1234321", "123454321", "121212", "131313",
		"123qwe", "qwe123", "123abc", "147258", "147258369", "159357", "159753", "258456", "741852963",
		"753951", "789456", "789456123", "456123", "963852741", "1q2w3e4r", "zxcvbnm123", "102030",
		"10203040", "5201314", "520520", "131420", "7758521", "292929", "696969", "142536", "102938"} {
		add(p)
	}
	// Years, alone and doubled (birth years are common passwords).
	for y := 1940; y <= 2030; y++ {
		ys := strconv.Itoa(y)
		add(ys)
		add(ys + ys)
	}

	list := make([]string, 0, len(set))
	for p := range set {
		if p != "" {
			list = append(list, p)
		}
	}
	slices.Sort(list)
	f, err := os.Create("common_passwords.txt")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	for _, p := range list {
		fmt.Fprintln(f, p)
	}
	fmt.Printf("wrote %d passwords\n", len(list))
}
