import Foundation
import Testing

/// The shell under the locales a learner's machine may name, in a real pty.
@Suite(.serialized, .timeLimit(.minutes(2))) struct LocaleShellTests {
    /// `LANG=zh_CN.UTF-8 async-tour` starts the tour in Chinese, and a
    /// locale the system does not have (`xx_YY.UTF-8`; `en_US.UTF-8` and
    /// `zh_CN.UTF-8` on a minimal system) is no crash: libedit left in the
    /// "C" locale could not decode the prompt and crashed on the first line.
    @Test(arguments: [
        ("zh_CN.UTF-8", "命令"),
        ("xx_YY.UTF-8", "Commands"),
        ("en_US.UTF-8", "Commands"),
    ])
    func theShellReadsLinesUnderTheLocale(locale: String, helpHeading: String) throws {
        let session = try TerminalSession([], environment: ["LANG": locale, "LC_ALL": "", "LC_MESSAGES": ""])
        let greeting = try session.waitFor("why-async 1/")
        if locale.hasPrefix("zh") {
            #expect(greeting.contains("按 Enter 开始"), "\(greeting)")
        }
        try session.type("help")
        try session.send("Enter")
        let screen = try session.waitFor(helpHeading, timeout: 20)
        #expect(!screen.contains("crashed"))
        try session.type("lang")
        try session.send("Enter")
        try session.waitFor(locale.hasPrefix("zh") ? "简体中文（zh-Hans）" : "English (en)", timeout: 20)
    }
}
