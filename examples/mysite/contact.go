package main

import (
	"net/http"
	"net/mail"
	"strings"
	"unicode/utf8"

	jmail "github.com/jazzgo/jazz/mail"
	"github.com/jazzgo/jazz/messages"
	"github.com/jazzgo/jazz/web"
)

// contactForm is the contact page's input and its errors. (The forms
// package will replace the hand validation here.)
type contactForm struct {
	Name, Email, Message string
	Errors               map[string]string
}

func (f *contactForm) validate() bool {
	f.Errors = map[string]string{}
	f.Name, f.Email, f.Message = strings.TrimSpace(f.Name), strings.TrimSpace(f.Email), strings.TrimSpace(f.Message)
	switch {
	case f.Name == "":
		f.Errors["name"] = "Please tell us your name."
	case utf8.RuneCountInString(f.Name) > 100:
		f.Errors["name"] = "At most 100 characters, please."
	}
	if a, err := mail.ParseAddress(f.Email); err != nil || a.Address != f.Email {
		f.Errors["email"] = "Enter a valid email address, such as ann@example.com."
	}
	switch n := utf8.RuneCountInString(f.Message); {
	case n == 0:
		f.Errors["message"] = "The message is empty."
	case n > 5000:
		f.Errors["message"] = "At most 5000 characters, please."
	}
	return len(f.Errors) == 0
}

// contact shows the contact form and mails valid messages to the site's
// managers, with the visitor's address as Reply-To, through whatever
// EMAIL_URL configures (the console by default).
func contact(w http.ResponseWriter, r *http.Request) error {
	f := &contactForm{}
	if r.Method == http.MethodPost {
		form, err := web.ParseForm(r)
		if err != nil {
			return err
		}
		f.Name, f.Email, f.Message = form.Get("name"), form.Get("email"), form.Get("message")
		if f.validate() {
			m := jmail.FromContext(r.Context())
			msg := &jmail.Message{
				To:      m.Managers,
				ReplyTo: []string{(&mail.Address{Name: f.Name, Address: f.Email}).String()},
				Subject: m.SubjectPrefix + "Contact form: " + f.Name,
				Body:    f.Message + "\n\n-- \n" + f.Name + " <" + f.Email + ">\n",
			}
			if err := m.Send(r.Context(), msg); err != nil {
				return err
			}
			if err := messages.Success(r, "Thank you, "+f.Name+": your message is on its way."); err != nil {
				return err
			}
			return web.RedirectTo(w, r, "contact-thanks")
		}
		return web.RenderStatus(w, r, http.StatusOK, "contact.html", "", web.Context{"form": f})
	}
	return web.Render(w, r, "contact.html", web.Context{"form": f})
}

func contactThanks(w http.ResponseWriter, r *http.Request) error {
	return web.Render(w, r, "contact_thanks.html", nil)
}
