package main

import (
	"errors"
	"net/http"
	"net/mail"

	"github.com/jazzgo/jazz/forms"
	jmail "github.com/jazzgo/jazz/mail"
	"github.com/jazzgo/jazz/messages"
	"github.com/jazzgo/jazz/views"
	"github.com/jazzgo/jazz/web"
)

// newContactForm builds the contact page's form: fields with the site's
// own wording for their errors, and a rule across two fields (a bug
// report must say which page is broken).
func newContactForm() *forms.Form {
	f := forms.New(
		&forms.Char{Base: forms.Base{Name: "name", Required: true,
			ErrorMessages: map[string]string{"required": "Please tell us your name."}}, MaxLength: 100},
		&forms.Email{Base: forms.Base{Name: "email", Required: true,
			ErrorMessages: map[string]string{"invalid": "Enter a valid email address, such as ann@example.com."}}},
		&forms.Choice{Base: forms.Base{Name: "reason", Label: "About", Initial: "question"}, Options: []forms.Option{
			{Value: "question", Label: "A question"}, {Value: "bug", Label: "Something is broken"}, {Value: "other", Label: "Something else"},
		}},
		&forms.URL{Base: forms.Base{Name: "page", Label: "Which page?", HelpText: "For a broken page: its address."}},
		&forms.Char{Base: forms.Base{Name: "message", Required: true, Widget: forms.Textarea(),
			ErrorMessages: map[string]string{"required": "The message is empty."}}, MaxLength: 5000},
	)
	f.Clean = func(f *forms.Form) error {
		reason, _ := forms.Get[string](f, "reason")
		page, _ := forms.Get[string](f, "page")
		if reason == "bug" && page == "" {
			f.AddError("page", errors.New("Tell us which page is broken."))
		}
		return nil
	}
	return f
}

// contact shows the contact form and mails valid messages to the site's
// managers, with the visitor's address as Reply-To, through whatever
// EMAIL_URL configures (the console by default).
func contact(w http.ResponseWriter, r *http.Request) error {
	f := newContactForm()
	if r.Method == http.MethodPost {
		values, files, err := views.FormData(r)
		if err != nil {
			return err
		}
		if f.Bind(values, files).IsValid() {
			name, _ := forms.Get[string](f, "name")
			email, _ := forms.Get[string](f, "email")
			reason, _ := forms.Get[string](f, "reason")
			page, _ := forms.Get[string](f, "page")
			message, _ := forms.Get[string](f, "message")
			body := message + "\n\n-- \n" + name + " <" + email + ">\nAbout: " + reason + "\n"
			if page != "" {
				body += "Page: " + page + "\n"
			}
			m := jmail.FromContext(r.Context())
			msg := &jmail.Message{
				To:      m.Managers,
				ReplyTo: []string{(&mail.Address{Name: name, Address: email}).String()},
				Subject: m.SubjectPrefix + "Contact form: " + name,
				Body:    body,
			}
			if err := m.Send(r.Context(), msg); err != nil {
				return err
			}
			if err := messages.Success(r, "Thank you, "+name+": your message is on its way."); err != nil {
				return err
			}
			return web.RedirectTo(w, r, "contact-thanks")
		}
	}
	return web.Render(w, r, "contact.html", web.Context{"form": f})
}

func contactThanks(w http.ResponseWriter, r *http.Request) error {
	return web.Render(w, r, "contact_thanks.html", nil)
}
