import Testing
@testable import TourRepl
