import Foundation
print("todo")
