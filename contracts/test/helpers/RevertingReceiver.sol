// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestActor} from "./TestActor.sol";

/// @notice Refuses ETH until told to accept it (then it can `withdraw` what it is owed).
contract RevertingReceiver is TestActor {
    error RevertingReceiverRefused();

    bool private _accepting;

    /// @notice Start (true) or stop accepting ETH.
    function setAccepting(bool accepting) external {
        _accepting = accepting;
    }

    receive() external payable {
        if (!_accepting) revert RevertingReceiverRefused();
    }
}
