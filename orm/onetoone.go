package orm

// OneToOne is a one-to-one relation to the model T (Django's
// OneToOneField): a ForeignKey whose column is unique, so at most one
// object points at each T. It has every method of ForeignKey (ID, SetID,
// Set, Get, Loaded) and takes the same tag options; on_delete is
// required.
//
//	type Profile struct {
//		orm.Model
//		User orm.OneToOne[User] `jazz:"on_delete=cascade,related_name=profile"`
//	}
//
// The reverse side is one object, not a set: RelatedOne[Profile](ctx,
// user, "profile") returns it, or an error wrapping ErrDoesNotExist. The
// default reverse name is the lower-case model name ("profile"), and
// lookups use it too (Users.Filter("profile__bio__icontains", "go")).
// The memory layout is ForeignKey's, which the ORM relies on.
type OneToOne[T any] struct {
	ForeignKey[T]
}

func (OneToOne[T]) oneToOne() {}
