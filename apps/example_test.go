package apps_test

import (
	"context"
	"fmt"

	"github.com/jazzgo/jazz/apps"
)

type blogApp struct{ apps.Base }

// Ready runs once the project is assembled.
func (a *blogApp) Ready(context.Context) error {
	fmt.Println(a.VerboseName(), "is ready")
	return nil
}

func Example() {
	reg, err := apps.New(
		&blogApp{apps.Base{Name: "blog", Verbose: "Weblog"}},
		apps.Base{Name: "shop"},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range reg.All() {
		fmt.Println(a.Label())
	}
	reg.Ready(context.Background())

	_, err = apps.New(apps.Base{Name: "shop"}, apps.Base{Name: "shop"})
	fmt.Println(err)
	// Output:
	// blog
	// shop
	// Weblog is ready
	// apps: label "shop" is not unique: apps.Base and apps.Base both use it; give one of them another Name
}
