import XCTest

// swiftc has no test discovery (SwiftPM's `swift test` does): the list is CoreTests.allTests.
XCTMain([testCase(CoreTests.allTests)])
