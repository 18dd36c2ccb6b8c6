package timecamp

// Field is one optional value of a write request: left out, sent as a value, or sent as null.
// Updates send only what changed, and "clear this note" (null) stays apart from "set it to ”".
type Field[T any] struct {
	set   bool
	null  bool
	value T
}

// Set returns a field sent as v.
func Set[T any](v T) Field[T] { return Field[T]{set: true, value: v} }

// Null returns a field sent as JSON null.
func Null[T any]() Field[T] { return Field[T]{set: true, null: true} }

// SetPtr returns a field sent as *v, or as null when v is nil.
func SetPtr[T any](v *T) Field[T] {
	if v == nil {
		return Null[T]()
	}
	return Set(*v)
}

// IsSet reports whether the field is sent at all.
func (f Field[T]) IsSet() bool { return f.set }

// Value returns the value to send and whether it is null.
func (f Field[T]) Value() (T, bool) { return f.value, f.null }

// body is a JSON object under construction.
type body map[string]any

// put adds f under key when it is set; encode turns the value into its wire form.
func putField[T any](b body, key string, f Field[T], encode func(T) any) {
	if !f.set {
		return
	}
	if f.null {
		b[key] = nil
		return
	}
	if encode == nil {
		b[key] = f.value
		return
	}
	b[key] = encode(f.value)
}

// bit is TimeCamp's wire form of a flag: 0 or 1.
func bit(v bool) any {
	if v {
		return 1
	}
	return 0
}
