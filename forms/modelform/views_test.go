package modelform_test

import (
	"github.com/jazzgo/jazz/forms/modelform"
	"github.com/jazzgo/jazz/views"
)

// A ModelForm plugs into the generic Create and Update views as it is.
var (
	_ views.Validator    = (*modelform.Form[Story])(nil)
	_ views.Saver[Story] = (*modelform.Form[Story])(nil)
)
