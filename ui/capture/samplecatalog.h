// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>

// The sample captures that ship with the workbench: found where `cmake --install` put them
// (PREFIX/share/eql-workbench/samples, beside the binary's bin/) or, in a build tree, in the
// source tree's samples/. Each sample is a folder with a capture and a README telling its story.
struct SampleCapture {
    QString title; // the README's first heading, without "Sample: "
    QString capture; // absolute path of the capture file
};

class SampleCatalog {
public:
    // The folder the samples are read from; empty when none was found.
    static QString directory();
    // The samples that have a capture file, sorted by title.
    static QList<SampleCapture> samples();
};
