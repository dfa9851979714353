import XCTest
@testable import DecisionMap
