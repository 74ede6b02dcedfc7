import Testing
@testable import TourKit

@Suite struct TourSessionTests {
    func library() throws -> LessonLibrary {
        let fixture = try LessonsFixture([
            "01-one.md": "# One\n\nIntro.\n\n```swift\nprint(1)\n```\n\nMiddle.\n\n```swift\nprint(2)\n```\n\nEnd.\n",
            "02-two.md": "# Two\n\n```swift\nprint(3)\n```\n",
        ])
        return try LessonLoader.load(directory: fixture.directory)
    }

    @Test func enterShowsThenRunsThenMovesOn() throws {
        var session = TourSession(library: try library())
        guard case .show(let first, 0) = session.proceed() else { Issue.record("expected the first step"); return }
        #expect(first.snippet?.number == 1)
        #expect(session.location == "one 1/3")
        #expect(session.proceed() == .run(session.lesson.snippets[0]))
        guard case .show(let second, 1) = session.proceed() else { Issue.record("expected step 2"); return }
        #expect(second.snippet?.number == 2)
        #expect(session.proceed() == .run(session.lesson.snippets[1]))
        guard case .show(let last, 2) = session.proceed() else { Issue.record("expected step 3"); return }
        #expect(last.snippet == nil)
        #expect(session.currentSnippet?.number == 2)
        // The end of a chapter leads into the next one.
        guard case .show(_, 0) = session.proceed() else { Issue.record("expected chapter two"); return }
        #expect(session.lesson.id == "two")
        #expect(session.proceed() == .run(session.lesson.snippets[0]))
        #expect(session.proceed() == .endOfTour)
        #expect(session.lastRun?.code == "print(3)\n")
    }

    @Test func nextSkipsRunningAndPrevGoesBackAcrossChapters() throws {
        var session = TourSession(library: try library())
        let lessons = session.library.lessons
        _ = session.open(lessons[1])
        #expect(session.location == "two 1/1")
        guard case .show(_, 2) = session.previous() else { Issue.record("expected the last step of one"); return }
        #expect(session.lesson.id == "one")
        _ = session.open(lessons[0])
        #expect(session.previous() == .startOfTour)
        guard case .show(_, 1) = session.next() else { Issue.record("expected step 2"); return }
        #expect(!session.currentSnippetRan)
    }

    @Test func resumingClampsTheStep() throws {
        var session = TourSession(library: try library())
        guard case .show(_, 2) = session.open(session.library.lessons[0], step: 99) else { Issue.record("expected a clamp"); return }
    }
}
