import ArgumentParser

@main
struct AsyncTour: ParsableCommand {}
