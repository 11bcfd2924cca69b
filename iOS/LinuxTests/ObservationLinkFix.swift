// Swift 6.0 on Linux only: libswiftObservation.so refers to `swift::threading::fatal(const char*,
// ...)`, which no Swift library exports, so a program using @Observable does not link
// (swiftlang/swift#75670; fixed for 6.2 by swiftlang/swift#85278). This is that handler, called
// only on a fatal threading error: stop with its message (the format, unformatted).
@_cdecl("_ZN5swift9threading5fatalEPKcz")
public func swiftThreadingFatal(_ format: UnsafePointer<CChar>) {
    fatalError(String(cString: format))
}
