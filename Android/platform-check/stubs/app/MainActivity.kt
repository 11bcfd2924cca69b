package app.afterglow.android

// The app's activity draws the Compose UI (`setContent`), which needs Jetpack Compose for
// Android; the platform check compiles what refers to it (the reminder's tap opens it) against
// this stand-in. The real `MainActivity.kt` is compiled by Android Studio only.
class MainActivity : android.app.Activity()
