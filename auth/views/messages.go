package views

// The messages of the forms, Django's where Django has one, so that users
// and translators meet familiar text.
const (
	msgRequired          = "This field is required."
	msgInvalidLogin      = "Please enter a correct username and password. Note that both fields may be case-sensitive."
	msgInactive          = "This account is inactive."
	msgThrottled         = "Too many failed login attempts. Please try again later."
	msgPasswordMismatch  = "The two password fields didn’t match."
	msgPasswordIncorrect = "Your old password was entered incorrectly. Please enter it again."
	msgUsernameTaken     = "A user with that username already exists."
	msgUsernameInvalid   = "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
	msgEmailInvalid      = "Enter a valid email address."
	msgUsernameTooLong   = "Ensure this value has at most 150 characters (it has %d)."
	msgEmailTooLong      = "Ensure this value has at most 254 characters (it has %d)."
)
