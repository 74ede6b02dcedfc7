// The trace reader is a module of its own, optimised in every build (see
// Package.swift); everything that uses TourKit sees its types as before.
@_exported public import TourTrace
